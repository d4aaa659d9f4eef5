print("scrutineer")
